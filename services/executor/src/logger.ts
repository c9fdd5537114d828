// pino options for the service: user code, inputs and params never reach the logs.
import type { LoggerOptions } from 'pino';

/** logUserData (EXECUTOR_LOG_USER_DATA=true) lifts the redaction, and the execute route then logs each spec. */
export const loggerOptions = (level: string, logUserData = false): LoggerOptions => ({
  level,
  // explicit paths only: a wildcard such as '*.code' would also hide err.code
  ...(logUserData
    ? {}
    : {
        redact: {
          paths: ['req.body.code', 'req.body.inputs', 'req.body.params', 'spec.code', 'spec.inputs', 'spec.params'],
          censor: '[user data]',
        },
      }),
});
