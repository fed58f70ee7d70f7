import { z } from 'zod';

export const opsConfigSchema = z
  .strictObject({
    port: z
      .number()
      .int()
      .min(0)
      .max(65535)
      .nullable()
      .default(9464)
      .describe(
        'Port of the /healthz and /metrics endpoints (null turns them off; 0 picks a free port). With several workers on one host, give each its own.',
      ),
    host: z
      .string()
      .default('127.0.0.1')
      .describe('Interface the endpoints listen on (0.0.0.0 to let a scraper on another host in).'),
  })
  .describe('Operations endpoints: health checks and Prometheus metrics.');

export type OpsConfig = z.infer<typeof opsConfigSchema>;
