// pino options for the service: user code, inputs and params never reach the logs.
import type { LoggerOptions } from 'pino';

export const loggerOptions = (level: string): LoggerOptions => ({
  level,
  // explicit paths only: a wildcard such as '*.code' would also hide err.code
  redact: {
    paths: ['req.body.code', 'req.body.inputs', 'req.body.params', 'spec.code', 'spec.inputs', 'spec.params'],
    censor: '[user data]',
  },
});
