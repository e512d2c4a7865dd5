/**
 * The `drove` command: flags → config → main. Everything with rules in it lives in
 * source/config/ (the flag table, parsing, precedence, help) and is tested without a terminal;
 * this file only wires process argv, environment and stdout to it and maps errors to exit codes.
 */
import meow from 'meow';
import process from 'node:process';
import { DroveError, ExitCode } from './errors.ts';
import { checkUnknownFlags, commandFrom, meowFlags } from './config/argv.ts';
import { formatConfig } from './config/format-config.ts';
import { helpText } from './config/help-text.ts';
import { loadConfig } from './config/load-config.ts';
import { main } from './main.ts';

/** How long a finished run may take to let go of its last sockets before exit is forced, in ms. */
const EXIT_GRACE_MS = 2000;

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

async function run(argv: readonly string[]): Promise<number> {
	const cli = parseArgv(argv);
	const version = String(cli.pkg.version ?? 'unknown');
	if (cli.flags['help'] === true) {
		process.stdout.write(helpText(version));
		return ExitCode.ok;
	}
	if (cli.flags['version'] === true) {
		process.stdout.write(`${version}\n`);
		return ExitCode.ok;
	}
	const config = loadConfig({
		command: commandFrom(cli.input),
		cli: cli.flags,
		stdoutIsTTY: process.stdout.isTTY === true,
	});
	if (cli.flags['printConfig'] === true) {
		process.stdout.write(formatConfig(config));
		return ExitCode.ok;
	}
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
