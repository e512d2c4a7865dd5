import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { joinCommand, joinInstructions, joinLine, MASKED_TOKEN, reachableAddresses, type JoinFacts } from '../../source/run/join-command.ts';

const base: JoinFacts = { bindHost: '0.0.0.0', port: 5557, cluster: 'default', addresses: ['10.0.0.5', '192.168.1.20'], hostname: 'vm' };

void describe('the join command', () => {
	void it('starts one worker process per core of the worker machine unless told otherwise', () => {
		assert.match(joinCommand(base).command, / --processes -1$/);
		assert.match(joinCommand({ ...base, processes: 2 }).command, / --processes 2$/);
	});

	void it('names the first non-loopback address when bound to every interface, and lists the rest', () => {
		const join = joinCommand(base);
		assert.equal(join.url, 'mqtt://10.0.0.5:5557');
		assert.equal(join.command, 'drove --worker --master-host=10.0.0.5 --master-port=5557 --processes -1');
		assert.deepEqual(join.otherHosts, ['192.168.1.20']);
		assert.match(joinInstructions(join), /^drove master listening at mqtt:\/\/10\.0\.0\.5:5557\nalso reachable at: 192\.168\.1\.20 /);
	});

	void it('names the bound address when bound to one, and no other', () => {
		const join = joinCommand({ ...base, bindHost: '192.168.1.20' });
		assert.equal(join.url, 'mqtt://192.168.1.20:5557');
		assert.deepEqual(join.otherHosts, []);
	});

	void it('offers IPv6 addresses only on ::, in brackets in the URL', () => {
		const addresses = ['2001:db8::7'];
		assert.equal(joinCommand({ ...base, addresses }).url, 'mqtt://vm:5557', 'IPv4 only on 0.0.0.0: falls back to the hostname');
		const join = joinCommand({ ...base, bindHost: '::', addresses });
		assert.equal(join.url, 'mqtt://[2001:db8::7]:5557');
		assert.match(join.command, /--master-host=2001:db8::7 /);
	});

	void it('falls back to the hostname on a machine with no other address', () => {
		assert.equal(joinCommand({ ...base, addresses: [] }).url, 'mqtt://vm:5557');
	});

	void it('sends TLS workers to the hostname the certificate names, with the CA', () => {
		const join = joinCommand({ ...base, tlsCert: '/etc/drove/my cert.pem' });
		assert.equal(join.url, 'mqtts://vm:5557');
		assert.match(join.command, /--broker=mqtts:\/\/vm:5557 --tls-ca='\/etc\/drove\/my cert\.pem'/);
		assert.deepEqual(join.otherHosts, ['10.0.0.5', '192.168.1.20']);
	});

	void it('points at an external broker without the master login, and adds --cluster', () => {
		const join = joinCommand({ ...base, broker: 'mqtts://boss:secret@broker.internal:8883', cluster: 'team-a' });
		assert.equal(join.url, 'mqtts://broker.internal:8883');
		assert.equal(join.command, 'drove --worker --broker=mqtts://broker.internal:8883 --cluster=team-a --processes -1');
		assert.doesNotMatch(joinInstructions(join), /secret/);
		assert.match(joinInstructions(join), /own broker login/);
	});

	void it('masks the token until revealed, and never prints a given one', () => {
		const generated = joinCommand({ ...base, token: { value: 'abc123', generated: true } });
		assert.equal(joinLine(generated, { reveal: false }), `DROVE_TOKEN=${MASKED_TOKEN} ${generated.command}`);
		assert.equal(joinLine(generated, { reveal: true }), `DROVE_TOKEN=abc123 ${generated.command}`);
		assert.match(joinInstructions(generated), /join token \(generated for this run\): abc123\njoin with: DROVE_TOKEN=abc123 drove --worker/);
		// A token the person gave is theirs to see in the dashboard, never echoed into logs.
		const given = joinCommand({ ...base, token: { value: 'mine', generated: false } });
		assert.equal(joinLine(given, { reveal: false }), `DROVE_TOKEN=${MASKED_TOKEN} ${given.command}`);
		assert.equal(joinLine(given, { reveal: true }), `DROVE_TOKEN=mine ${given.command}`);
		assert.doesNotMatch(joinInstructions(given), /mine/);
		assert.match(joinInstructions(given), /join with: DROVE_TOKEN=<your --token> drove --worker/);
		assert.equal(joinLine(joinCommand(base), { reveal: false }), joinCommand(base).command, 'no token, no prefix');
	});
});

void describe('reachable addresses', () => {
	void it('leaves out loopback and link-local, IPv4 first', () => {
		const addresses = reachableAddresses({
			lo: [
				{ address: '127.0.0.1', family: 'IPv4', internal: true },
				{ address: '::1', family: 'IPv6', internal: true },
			],
			eth0: [
				{ address: 'fe80::1', family: 'IPv6', internal: false },
				{ address: '2001:db8::7', family: 'IPv6', internal: false },
				{ address: '10.0.0.5', family: 'IPv4', internal: false },
			],
			wlan0: [{ address: '192.168.1.20', family: 4, internal: false }],
		});
		assert.deepEqual(addresses, ['10.0.0.5', '192.168.1.20', '2001:db8::7']);
	});
});
