// Load never outlives its master (issue 8), against a real Mosquitto: see fixtures/outage.ts.
// One scenario a file: each file must finish within the runner's 180 s.
import { test } from 'node:test';
import { mosquittoOutage, skip } from './fixtures/outage.ts';

void test('Mosquitto down 15 s mid-run: the master gives up, the workers stop within the heartbeat timeout and stay idle', { skip }, (t) => mosquittoOutage(t, 15_000, 3000));
