import { z } from 'zod';
import { SHA256_HEX_PATTERN } from '../../evidence/digest.js';
import { lonLatSchema, positiveSchema } from '../geo.js';

const sha256HexSchema = z.string().regex(SHA256_HEX_PATTERN);

// RFC 6838 §4.2 restricted-name characters, lower case only so that one
// media type has one spelling.
const MEDIA_TYPE =
  /^[a-z0-9][a-z0-9!#$&^_.+-]{0,126}\/[a-z0-9][a-z0-9!#$&^_.+-]{0,126}$/;

const detectionSchema = z.strictObject({
  class: z.string().min(1).max(64),
  position: lonLatSchema,
  positionErrorM: positiveSchema,
  confidence: z.number().min(0).max(1),
});

/**
 * Detections by an AI model on an image. The image itself stays out of the
 * log; `media.sha256` commits to it. No detections is a valid report.
 */
export const imagerySchema = z.strictObject({
  detections: z.array(detectionSchema),
  media: z
    .strictObject({
      sha256: sha256HexSchema,
      mediaType: z.string().regex(MEDIA_TYPE),
    })
    .optional(),
  model: z.strictObject({
    name: z.string().min(1).max(128),
    version: z.string().min(1).max(128),
    sha256: sha256HexSchema,
  }),
});
