import { z } from 'zod';

/** The event names of GET /v1/events, which webhooks subscribe to. */
export const EVENT_TYPES = [
  'finding',
  'tier',
  'plan',
  'checkpoint',
  'pledge',
] as const;

export type EventType = (typeof EVENT_TYPES)[number];

const httpUrl = z
  .string()
  .max(2048)
  .refine((text) => {
    try {
      const url = new URL(text);
      return (
        (url.protocol === 'http:' || url.protocol === 'https:') &&
        url.username === '' &&
        url.password === ''
      );
    } catch {
      return false;
    }
  }, 'must be an absolute http(s) URL without credentials');

/** `POST /v1/webhooks` (admin). The secret signs every delivery. */
export const createWebhookRequestSchema = z.strictObject({
  url: httpUrl,
  secret: z.string().min(16).max(256),
  types: z
    .array(z.enum(EVENT_TYPES))
    .min(1)
    .refine((t) => new Set(t).size === t.length, 'types must be unique'),
});

export type CreateWebhookRequest = z.infer<typeof createWebhookRequestSchema>;

/** A subscription as the API shows it: never its secret. */
export const webhookSchema = z.object({
  id: z.string(),
  url: z.string(),
  types: z.array(z.enum(EVENT_TYPES)),
  createdAt: z.string(),
});

export type WebhookView = z.infer<typeof webhookSchema>;

/** `GET /v1/webhooks` */
export const listWebhooksResponseSchema = z.object({
  webhooks: z.array(webhookSchema),
});

/** One try at a delivery: the HTTP status, or the error when none came. */
export const deliveryAttemptSchema = z.object({
  n: z.number().int().min(1),
  at: z.string(),
  durationMs: z.number().int().min(0),
  status: z.number().int().nullable(),
  error: z.string().nullable(),
});

/** `GET /v1/webhooks/{id}/deliveries`: newest first. */
export const webhookDeliveriesResponseSchema = z.object({
  deliveries: z.array(
    z.object({
      id: z.string(),
      eventType: z.enum(EVENT_TYPES),
      eventId: z.number().int(),
      state: z.enum(['pending', 'delivered', 'failed', 'cancelled']),
      createdAt: z.string(),
      nextAttemptAt: z.string().nullable(),
      attempts: z.array(deliveryAttemptSchema),
    })
  ),
});

export type WebhookDeliveriesResponse = z.infer<
  typeof webhookDeliveriesResponseSchema
>;
