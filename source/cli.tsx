/**
 * The `drove` command: flags → config → main. Everything with rules in it lives in
 * source/config/ (the flag table, parsing, precedence, help) and is tested without a terminal;
 * this file only wires process argv, environment and stdout to it and maps errors to exit codes.
 */
import meow from 'meow';
import { readFileSync } from 'node:fs';
import process from 'node:process';
import { DroveError, ExitCode } from './errors.ts';
import { checkUnknownFlags, classNamesFrom, commandFrom, meowFlags, translateLegacyFlags } from './config/argv.ts';
import { formatConfig } from './config/format-config.ts';
import { helpText } from './config/help-text.ts';
import { loadConfig } from './config/load-config.ts';
import { packageFile } from './package-root.ts';

/** How long a finished run may take to let go of its last sockets before exit is forced, in ms. */
const EXIT_GRACE_MS = 2000;

/** Whether argv holds one of these flags before any `--`. */
function asks(argv: readonly string[], ...names: string[]): boolean {
	const end = argv.indexOf('--');
	return (end === -1 ? argv : argv.slice(0, end)).some((token) => names.includes(token));
}

function parseArgv(argv: readonly string[]) {
	checkUnknownFlags(argv);
	try {
		return meow({
			importMeta: import.meta,
			argv: [...argv],
			description: false,
			autoHelp: false,
			autoVersion: false,
			allowUnknownFlags: true,
			booleanDefault: undefined,
			flags: meowFlags(),
		});
	} catch (error) {
		// meow throws plain errors for a repeated single-value flag: the user's mistake, not ours.
		const repeated = /The flag --(\S+) can only be set once/.exec((error as Error).message);
		if (repeated) throw new DroveError('DROVE_USAGE', `--${repeated[1]} given more than once (see drove --help)`);
		throw error;
	}
}

/** Drove's version, from its package.json. */
function packageVersion(): string {
	const text = readFileSync(packageFile('package.json'), 'utf8');
	return String((JSON.parse(text) as { version?: unknown }).version);
}

async function run(given: readonly string[]): Promise<number> {
	const { argv, notices } = translateLegacyFlags(given);
	for (const notice of notices) process.stderr.write(`drove: ${notice}\n`);
	// Help and version win over any other mistake on the line, so they are looked for first.
	const early = asks(argv, '--help', '-h') ? 'help' : asks(argv, '--version', '-V') ? 'version' : undefined;
	const cli = early ? undefined : parseArgv(argv);
	if (early === 'help' || cli?.flags['help'] === true) {
		process.stdout.write(helpText(packageVersion()));
		return ExitCode.ok;
	}
	if (early === 'version' || cli?.flags['version'] === true || !cli) {
		process.stdout.write(`${packageVersion()}\n`);
		return ExitCode.ok;
	}
	const command = commandFrom(cli.input);
	const config = loadConfig({
		command,
		userClasses: classNamesFrom(cli.input),
		cli: cli.flags,
		stdoutIsTTY: process.stdout.isTTY === true,
	});
	if (cli.flags['printConfig'] === true) {
		process.stdout.write(formatConfig(config));
		return ExitCode.ok;
	}
	// Loaded only now: --help, --version and usage errors answer without loading the runtime.
	if (command === 'report') {
		const { runReport } = await import('./run/report-command.ts');
		return runReport(config, cli.input[1]!);
	}
	const { main } = await import('./main.ts');
	return main(config);
}

function report(error: unknown): number {
	const debug = Boolean(process.env['DROVE_DEBUG']);
	if (error instanceof DroveError) {
		process.stderr.write(`drove: ${error.message}\n`);
		if (debug && error.stack) process.stderr.write(`${error.stack}\n`);
		return error.exitCode;
	}
	const message = error instanceof Error ? error.message : String(error);
	process.stderr.write(`drove: internal error: ${message.split('\n')[0]}${debug ? '' : ' (DROVE_DEBUG=1 shows the stack)'}\n`);
	if (debug && error instanceof Error && error.stack) process.stderr.write(`${error.stack}\n`);
	return ExitCode.internal;
}

let code: number;
try {
	code = await run(process.argv.slice(2));
} catch (error) {
	code = report(error);
}
process.exitCode = code;
// Let stdout drain and the event loop end by itself; force it only if something still holds it.
setTimeout(() => process.exit(code), EXIT_GRACE_MS).unref();
