/**
 * The `drove` module that plans import: `import { user, task, between } from 'drove'`.
 * The plan loader resolves `drove` to this file of the running Drove, wherever the plan lives.
 */
export { user, type UserOptions, type UserDefinition, type UserClass, type TaskDef } from './plan/user.ts';
export { task, sequence, type Task, type Sequence, type TaskEntry, type TaskOptions } from './plan/task.ts';
// Load shapes, as Locust's LoadTestShape and k6's stages: export at most one, under any name.
export { stages, loadShape, type Stage, type ShapeTarget, type ShapeTick, type ShapeTickInput, type LoadShape } from './plan/shape.ts';
export { between, constant, constantPacing, constantThroughput, type WaitTime } from './plan/wait-time.ts';
export {
	events,
	type Role,
	type EventName,
	type EventMap,
	type Hook,
	type TestStartEvent,
	type TestStopEvent,
	type InitEvent,
	type SpawningCompleteEvent,
	type QuittingEvent,
	type RequestEvent,
} from './plan/events.ts';
// Control from a plan: stop this user (not replaced), or end the whole run in order.
export { stopUser, quit, StopUser } from './plan/control.ts';
// Custom messages between the master and workers, as Locust's register_message/send_message.
export { registerMessage, sendMessage, type MessageHandler, type MessageContext, type SendOptions } from './plan/messages.ts';
export type { TaskContext, TaskFn, HttpClient, RequestOptions, DroveResponse, WorkerSlot } from './plan/context.ts';
// Data for plans: each worker a disjoint share, each user its own row (source/data/).
export { dataset, Dataset, csvDataset, readCsv, readCsvSync, partition, DataExhaustedError } from './data/index.ts';
export type { DataContext, DatasetOptions, CsvDatasetOptions, ReadCsvOptions } from './data/index.ts';
