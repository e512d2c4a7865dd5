/** The Drove wire protocol: topics, messages, the codec and the version rule. */
export * from './version.ts';
export * from './topics.ts';
export * from './messages.ts';
export * from './codec.ts';
