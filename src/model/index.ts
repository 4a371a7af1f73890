// Public surface of the model: the contract types plus builder, tree, ID and time helpers.
export * from './attribute-text.ts';
export * from './builder.ts';
export * from './details.ts';
export * from './ids.ts';
export * from './span-index.ts';
export * from './string-table.ts';
export * from './time.ts';
export * from './tree.ts';
export * from './types.ts';
