// Labels that mark a container as ours, so cleanup can find it by label and never touch anything else.
export const LABEL = {
  managed: 'edgeql.executor',
  runId: 'edgeql.executor.run-id',
  createdBy: 'edgeql.executor.instance',
  test: 'edgeql.executor.test',
  contextHash: 'edgeql.executor.context-hash',
} as const;

export function createLabels(runId: string, instanceId: string, extra: Record<string, string> = {}): Record<string, string> {
  return { ...extra, [LABEL.managed]: 'true', [LABEL.runId]: runId, [LABEL.createdBy]: instanceId };
}
