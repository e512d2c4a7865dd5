/**
 * The `drove` module that plans import: `import { user, task, between } from 'drove'`.
 * The plan loader resolves `drove` to this file of the running Drove, wherever the plan lives.
 */
export { user, type UserOptions, type UserDefinition, type UserClass, type TaskDef } from './plan/user.ts';
export { task, sequence, type Task, type Sequence, type TaskEntry, type TaskOptions } from './plan/task.ts';
export { between, constant, constantPacing, constantThroughput, type WaitTime } from './plan/wait-time.ts';
export {
	events,
	type Role,
	type EventName,
	type EventMap,
	type Hook,
	type TestStartEvent,
	type TestStopEvent,
	type RequestEvent,
} from './plan/events.ts';
// Custom messages between the master and workers, as Locust's register_message/send_message.
export { registerMessage, sendMessage, type MessageHandler, type MessageContext, type SendOptions } from './plan/messages.ts';
export type { TaskContext, TaskFn, HttpClient, RequestOptions, DroveResponse, WorkerInfo } from './plan/context.ts';
// Data for plans: each worker a disjoint share, each user its own row (source/data/).
export { dataset, Dataset, csvDataset, readCsv, readCsvSync, partition, DataExhaustedError } from './data/index.ts';
export type { DataContext, DatasetOptions, CsvDatasetOptions, ReadCsvOptions } from './data/index.ts';
