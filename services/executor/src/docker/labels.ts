// Labels that mark a container as ours, so cleanup can find it by label and never touch anything else.
export const LABEL = {
  managed: 'edgeql.executor',
  runId: 'edgeql.executor.run-id',
  createdBy: 'edgeql.executor.instance',
  /** one id per service process: a restart with the same instance id tells its predecessor's containers from its own */
  process: 'edgeql.executor.process',
  /**
   * the longest its creator lets a sandbox live, in seconds: an age sweep (of any instance) removes a
   * container only past its own creator's limit, never past the sweeper's
   */
  maxAgeSec: 'edgeql.executor.max-age-sec',
  test: 'edgeql.executor.test',
  contextHash: 'edgeql.executor.context-hash',
} as const;

export interface Owner {
  instanceId: string;
  processId: string;
  /** this instance's longest sandbox life, written on each of its containers */
  maxAgeSec: number;
}

export function createLabels(runId: string, owner: Owner, extra: Record<string, string> = {}): Record<string, string> {
  return {
    ...extra,
    [LABEL.managed]: 'true',
    [LABEL.runId]: runId,
    [LABEL.createdBy]: owner.instanceId,
    [LABEL.process]: owner.processId,
    [LABEL.maxAgeSec]: String(owner.maxAgeSec),
  };
}
