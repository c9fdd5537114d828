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
          // a validated spec carries its inputs and params as JSON text (spec/runSpec.ts)
          paths: [
            'req.body.code',
            'req.body.inputs',
            'req.body.params',
            'spec.code',
            'spec.inputs',
            'spec.params',
            'spec.inputsJson',
            'spec.paramsJson',
          ],
          censor: '[user data]',
        },
      }),
});
