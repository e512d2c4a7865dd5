import { test } from 'node:test';
import assert from 'node:assert/strict';
import { WorkerMasterLink } from '../../source/worker/master-link.ts';
import type { MasterStatusMessage, PlanMessage } from '../../source/protocol/messages.ts';
import type { LoadedPlan } from '../../source/plan/load-plan.ts';

const own = { path: 'mine.ts', hash: 'aaaa1111', bundle: '', userClasses: [], hooks: {} } as unknown as LoadedPlan;
const status = (masterId: string, planHash: string | null): MasterStatusMessage => ({ v: '1.0', type: 'master-status', masterId, state: 'online', planHash, startedAt: 0 });
const plan = (hash: string): PlanMessage => ({ v: '1.0', type: 'plan', masterId: 'm1', hash, label: 'plan.ts', code: `// ${hash}` });

void test('same plan: greet once the master is heard; a reconnect greets again', () => {
	const link = new WorkerMasterLink(own, false);
	assert.equal(link.readyToGreet(), false);
	assert.deepEqual(link.masterOnline(status('m1', 'aaaa1111')), { newMaster: false });
	assert.ok(link.readyToGreet());
	assert.deepEqual(link.greet(), { planHash: 'aaaa1111', ownPlanHash: 'aaaa1111', userClasses: [], lastMasterId: null });
	assert.equal(link.readyToGreet(), false);
	link.connected();
	assert.equal(link.readyToGreet(), false, 'not before the master is heard on the new connection');
	link.masterOnline(status('m1', 'aaaa1111'));
	assert.ok(link.readyToGreet());
});

void test('no plan of its own: waits for the shipped plan, whichever comes first', () => {
	const link = new WorkerMasterLink(undefined, false);
	assert.deepEqual(link.masterOnline(status('m1', 'bbbb')), { newMaster: false });
	assert.equal(link.readyToGreet(), false);
	assert.deepEqual(link.planArrived(plan('bbbb')), { newMaster: false, loadPlan: { code: '// bbbb', label: 'plan.ts' } });
	link.planLoaded({ ...own, hash: 'bbbb' });
	assert.ok(link.readyToGreet());

	const early = new WorkerMasterLink(undefined, false);
	early.planArrived(plan('cccc'));
	assert.deepEqual(early.masterOnline(status('m1', 'cccc')).loadPlan, { code: '// cccc', label: 'plan.ts' });
});

void test('a different plan: runs the master\'s and says so, or its own with --allow-plan-mismatch', () => {
	const strict = new WorkerMasterLink(own, false);
	const step = strict.masterOnline(status('m1', 'ffff0000'));
	assert.match(step.log?.text ?? '', /differs from the master's \(hash aaaa1111 vs ffff0000\): running the master's plan; pass --allow-plan-mismatch/);
	assert.equal(strict.readyToGreet(), false);
	assert.ok(strict.planArrived(plan('ffff0000')).loadPlan);
	strict.planLoaded({ ...own, hash: 'ffff0000' });
	// The hello says both: the plan it runs (the master's) and the one it was started with.
	assert.deepEqual([strict.greet().planHash, strict.greet().ownPlanHash], ['ffff0000', 'aaaa1111']);

	const relaxed = new WorkerMasterLink(own, true);
	assert.match(relaxed.masterOnline(status('m1', 'ffff0000')).log?.text ?? '', /running its own \(--allow-plan-mismatch\)/);
	assert.ok(relaxed.readyToGreet());
});

void test('a new master is news only after a welcome; the dead-man switch waits for a heartbeat', () => {
	const link = new WorkerMasterLink(own, false);
	assert.equal(link.masterOnline(status('m1', null)).newMaster, false);
	link.greet();
	link.welcomed(1000);
	assert.equal(link.silentFor(3500), 2500);
	link.lost();
	assert.equal(link.silentFor(99999), 0);
	assert.equal(link.readyToGreet(), false);
	link.beat(5000);
	assert.ok(link.readyToGreet(), 'the same master heard again');
	assert.equal(link.masterOnline(status('m2', null)).newMaster, true);
});

void test('the dead-man switch runs off heartbeats, not the connection: a reconnect does not reset it', () => {
	const link = new WorkerMasterLink(own, false);
	link.masterOnline(status('m1', null));
	link.greet();
	link.welcomed(1000);
	link.beat(2000);
	// The broker went away and came back; the master did not.
	link.connected();
	assert.equal(link.isWelcomed, false);
	assert.equal(link.silentFor(12_000), 10_000, 'still counting since the last heartbeat');
	// A stale retained `online` of the same master is not a heartbeat either.
	link.masterOnline(status('m1', null));
	assert.equal(link.silentFor(12_000), 10_000);
	link.lost();
	assert.equal(link.silentFor(99_999), 0, 'given up: nothing to miss until welcomed again');
});
