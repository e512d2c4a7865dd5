import { useEffect, useState } from 'react';
import { useStdout } from 'ink';

/** Terminal size in character cells. */
export interface TerminalSize {
	columns: number;
	rows: number;
}

/** What a terminal without a size (a pipe, a test stream) is taken to be. */
export const fallbackSize: TerminalSize = { columns: 80, rows: 24 };

function read(stdout: NodeJS.WriteStream): TerminalSize {
	return {
		columns: stdout.columns > 0 ? stdout.columns : fallbackSize.columns,
		rows: stdout.rows > 0 ? stdout.rows : fallbackSize.rows,
	};
}

/**
 * The terminal's size, updated when it is resized (SIGWINCH arrives as stdout's 'resize'
 * event), so the views re-fit their columns and charts at once.
 */
export default function useTerminalSize(): TerminalSize {
	const { stdout } = useStdout();
	const [size, setSize] = useState(() => read(stdout));
	useEffect(() => {
		const onResize = () => {
			const next = read(stdout);
			setSize((last) => (last.columns === next.columns && last.rows === next.rows ? last : next));
		};
		onResize();
		stdout.on('resize', onResize);
		return () => {
			stdout.off('resize', onResize);
		};
	}, [stdout]);
	return size;
}
