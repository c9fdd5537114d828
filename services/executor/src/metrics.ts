// The service's Prometheus metrics, in one registry per app (no global registry), so an operator can tell
// from /metrics why executions ended as they did and what the service and Docker were doing meanwhile.
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { RunOutcome } from './outcome/outcome.js';

/** What an execution came to, as the `outcome` label: the user's result, the user's violation, or ours. */
export type OutcomeLabel = 'success' | 'violation' | 'refused' | 'failed';

/** Where the numbers of running and waiting executions come from; read at scrape time. */
export interface SlotStatsSource {
  readonly stats: { running: number; waiting: number };
}

const LATENCY_BUCKETS_SEC = [0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60, 120, 300];

/** @param readPooled how many idle sandboxes the warm pool holds, read at each scrape */
export function createMetrics(slots: SlotStatsSource, readPooled: () => number = () => 0) {
  const registry = new Registry();
  // process_resident_memory_bytes, nodejs_heap_size_used_bytes, event loop lag...: the soak reads these.
  collectDefaultMetrics({ register: registry });

  const executions = new Counter({
    name: 'edgeql_executions_total',
    help: 'Executions by outcome (success, violation, refused = 4xx, failed = 5xx) and type (violation or error code; "none" for success)',
    labelNames: ['outcome', 'type'] as const,
    registers: [registry],
  });
  const duration = new Histogram({
    name: 'edgeql_execution_duration_seconds',
    help: 'Wall time of POST /execute from validation to answer, queueing included, by outcome',
    labelNames: ['outcome'] as const,
    buckets: LATENCY_BUCKETS_SEC,
    registers: [registry],
  });
  const codeTime = new Histogram({
    name: 'edgeql_user_code_duration_seconds',
    help: "Time the user's code ran inside the sandbox, as the sandbox reported it",
    buckets: LATENCY_BUCKETS_SEC,
    registers: [registry],
  });
  new Gauge({
    name: 'edgeql_queue_depth',
    help: 'Executions waiting for a sandbox slot',
    registers: [registry],
    collect() {
      this.set(slots.stats.waiting);
    },
  });
  new Gauge({
    name: 'edgeql_running_sandboxes',
    help: 'Executions holding a sandbox slot now',
    registers: [registry],
    collect() {
      this.set(slots.stats.running);
    },
  });
  new Gauge({
    name: 'edgeql_pooled_sandboxes',
    help: 'Pre-started sandboxes waiting in the warm pool (0 while there is no pool)',
    registers: [registry],
    collect() {
      this.set(readPooled());
    },
  });
  const swept = new Counter({
    name: 'edgeql_containers_swept_total',
    help: 'Sandbox containers removed by cleanup rather than by their own run, by reason (age, restart, shutdown, stranded)',
    labelNames: ['reason'] as const,
    registers: [registry],
  });
  const dockerErrors = new Counter({
    name: 'edgeql_docker_errors_total',
    help: 'Failures of the Docker engine or of a sandbox for a reason of ours, by error code and where they were seen',
    labelNames: ['code', 'where'] as const,
    registers: [registry],
  });

  return {
    registry,
    /** one finished POST /execute */
    recordExecution(outcome: OutcomeLabel, type: string, seconds: number) {
      executions.inc({ outcome, type });
      duration.observe({ outcome }, seconds);
    },
    recordRunOutcome(o: RunOutcome, seconds: number) {
      this.recordExecution(o.kind === 'result' ? 'success' : 'violation', o.kind === 'result' ? 'none' : o.violation.type, seconds);
      codeTime.observe(o.stats.executionTime);
    },
    recordDockerError(code: string, where: string) {
      dockerErrors.inc({ code, where });
    },
    recordSwept(reason: 'age' | 'restart' | 'shutdown' | 'stranded', count: number) {
      if (count > 0) swept.inc({ reason }, count);
    },
  };
}

export type Metrics = ReturnType<typeof createMetrics>;
