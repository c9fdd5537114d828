// Labels that mark a container as ours, so cleanup can find it by label and never touch anything else.
export const LABEL = {
  managed: 'edgeql.executor',
  runId: 'edgeql.executor.run-id',
  createdBy: 'edgeql.executor.instance',
  /** one id per service process: a restart with the same instance id tells its predecessor's containers from its own */
  process: 'edgeql.executor.process',
  test: 'edgeql.executor.test',
  contextHash: 'edgeql.executor.context-hash',
} as const;

export interface Owner {
  instanceId: string;
  processId: string;
}

export function createLabels(runId: string, owner: Owner, extra: Record<string, string> = {}): Record<string, string> {
  return { ...extra, [LABEL.managed]: 'true', [LABEL.runId]: runId, [LABEL.createdBy]: owner.instanceId, [LABEL.process]: owner.processId };
}
