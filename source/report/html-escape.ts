/**
 * Text into HTML: the five characters that could end an element or an attribute. Everything
 * a plan or a target controls (endpoint names, error texts, tracebacks) goes through it.
 */
const ENTITIES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Escapes text for an HTML element or a quoted attribute. */
export function escapeHtml(text: string): string {
	return text.replace(/[&<>"']/g, (ch) => ENTITIES[ch]!);
}
