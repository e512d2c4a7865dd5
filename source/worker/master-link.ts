/**
 * What a worker knows of its master (pure; no I/O, times passed in): which master it talks
 * to, whether it must say hello, which plan it runs (its own or the master's), and when it last
 * heard a heartbeat. The worker runtime asks it what to do and carries that out.
 */
import type { LoadedPlan } from '../plan/load-plan.ts';
import type { MasterStatusMessage, PlanMessage } from '../protocol/messages.ts';

/** What the runtime should do after an event. */
export interface LinkStep {
	/** A master other than the one last talked to: its predecessor's unacknowledged stats go. */
	newMaster: boolean;
	/** Load the master's bundled plan. */
	loadPlan?: { code: string; label: string };
	log?: { level: 'info' | 'warn' | 'error'; text: string };
}

/** See the module comment. */
export class WorkerMasterLink {
	/** The master now publishing its status, undefined before one is seen. */
	masterId: string | undefined;
	/** The master this worker was last welcomed by (null: none yet): sent in the hello. */
	lastMasterId: string | null = null;
	private masterPlanHash: string | null = null;
	private plan: LoadedPlan | undefined;
	private latestPlan: PlanMessage | undefined;
	private wantedHash: string | undefined;
	private greetPending = true;
	/** The current master has been seen alive on this connection (its status or, after the dead-man switch, its heartbeat). */
	private heard = false;
	private welcomedNow = false;
	/**
	 * Welcomed by a master and not yet given up on. Unlike `welcomedNow` it outlives a
	 * reconnect: the dead-man switch runs off the master's heartbeats, not off the connection,
	 * so a worker that reconnects to a broker its master never comes back to still stops.
	 */
	private engaged = false;
	private lastBeatAt: number | undefined;
	private warnedFor: string | undefined;

	constructor(
		private readonly ownPlan: LoadedPlan | undefined,
		private readonly allowMismatch: boolean,
	) {
		this.plan = ownPlan;
	}

	/** The MQTT connection is (re)established: say hello again once the master is known. */
	connected(): void {
		this.greetPending = true;
		this.welcomedNow = false;
		this.heard = false;
	}

	/** A master published `online`. */
	masterOnline(status: MasterStatusMessage): LinkStep {
		let newMaster = false;
		if (status.masterId !== this.masterId) {
			newMaster = this.lastMasterId !== null && status.masterId !== this.lastMasterId;
			this.masterId = status.masterId;
			this.greetPending = true;
			this.welcomedNow = false;
		}
		this.masterPlanHash = status.planHash;
		this.heard = true;
		return { newMaster, ...this.decidePlan() };
	}

	/** The master's retained plan arrived (before or after its status). */
	planArrived(plan: PlanMessage): LinkStep {
		this.latestPlan = plan;
		if (this.wantedHash !== undefined && plan.hash === this.wantedHash) {
			this.wantedHash = undefined;
			return { newMaster: false, loadPlan: { code: plan.code, label: plan.label } };
		}
		return { newMaster: false };
	}

	/** The master's plan is loaded and runs from now on. */
	planLoaded(plan: LoadedPlan): void {
		this.plan = plan;
	}

	/** True when the hello can go: the master is heard, its plan question is settled, and no hello is out. */
	readyToGreet(): boolean {
		return this.heard && this.masterId !== undefined && this.greetPending && this.wantedHash === undefined && this.plan !== undefined;
	}

	/** The hello is going out: what it says about plans and masters. */
	greet(): { planHash: string | null; ownPlanHash: string | null; userClasses: string[]; lastMasterId: string | null } {
		this.greetPending = false;
		return {
			planHash: this.plan?.hash ?? null,
			ownPlanHash: this.ownPlan?.hash ?? null,
			userClasses: this.plan?.userClasses.map((c) => c.name) ?? [],
			lastMasterId: this.lastMasterId,
		};
	}

	welcomed(now: number): void {
		this.welcomedNow = true;
		this.engaged = true;
		this.lastBeatAt = now;
		this.lastMasterId = this.masterId ?? null;
	}

	get isWelcomed(): boolean {
		return this.welcomedNow;
	}

	/** A heartbeat of the current master. */
	beat(now: number): void {
		this.lastBeatAt = now;
		this.heard = true;
	}

	/**
	 * ms since the master's last heartbeat (or welcome); 0 when no master has welcomed this
	 * worker since it last gave up (nothing to miss yet). Reconnects do not reset it.
	 */
	silentFor(now: number): number {
		return this.engaged && this.lastBeatAt !== undefined ? now - this.lastBeatAt : 0;
	}

	/** The dead-man switch tripped: wait for the master to be heard again, then greet it. */
	lost(): void {
		this.welcomedNow = false;
		this.engaged = false;
		this.lastBeatAt = undefined;
		this.greetPending = true;
		this.heard = false;
	}

	private decidePlan(): Omit<LinkStep, 'newMaster'> {
		const theirs = this.masterPlanHash;
		if (theirs === null) {
			if (this.plan !== undefined) return {};
			return { log: { level: 'error', text: 'the master ships no plan and this worker has none: start the worker with -f plan.ts' } };
		}
		if (this.plan?.hash === theirs) return {};
		if (this.ownPlan !== undefined && this.plan === this.ownPlan) {
			const once = this.warnedFor !== theirs;
			this.warnedFor = theirs;
			if (this.allowMismatch) {
				return once ? { log: { level: 'warn', text: `this worker's plan ${this.ownPlan.path} differs from the master's (hash ${short(this.ownPlan.hash)} vs ${short(theirs)}): running its own (--allow-plan-mismatch)` } } : {};
			}
			const step = this.wantPlan(theirs);
			return { ...step, log: { level: 'warn', text: `this worker's plan ${this.ownPlan.path} differs from the master's (hash ${short(this.ownPlan.hash)} vs ${short(theirs)}): running the master's plan; pass --allow-plan-mismatch to run your own` } };
		}
		return this.wantPlan(theirs);
	}

	private wantPlan(hash: string): Omit<LinkStep, 'newMaster'> {
		if (this.latestPlan?.hash === hash) {
			this.wantedHash = undefined;
			return { loadPlan: { code: this.latestPlan.code, label: this.latestPlan.label } };
		}
		this.wantedHash = hash;
		return {};
	}
}

function short(hash: string): string {
	return hash.slice(0, 8);
}
