import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loginRefusal } from '../../source/worker/login-refusal.ts';

const embedded = { url: 'mqtt://10.0.0.1:5557', external: false, workerId: 'w1' };
const external = { url: 'mqtts://broker:8883', external: true, workerId: 'w1' };

void test('a refused login names the token on the embedded broker, the --broker URL on an existing one', () => {
	assert.match(loginRefusal(4, embedded) ?? '', /^the master refused this worker's token: pass the master's token with --token or DROVE_TOKEN$/);
	assert.equal(loginRefusal(5, external), "the broker at mqtts://broker:8883 refused this worker's login (not authorized): check the user name and password in the --broker URL");
	assert.match(loginRefusal(4, external) ?? '', /\(bad user name or password\)/);
	assert.equal(loginRefusal(2, external), 'the master refused the worker id w1');
	// Network errors are retried, not fatal.
	assert.equal(loginRefusal('ECONNREFUSED', external), undefined);
	assert.equal(loginRefusal(undefined, embedded), undefined);
});
