export declare const OBSERVATION_PAYLOAD_TYPE: string;
export declare const CORPUS_FORMAT: number;
export declare function sensorId(index: number): string;
export declare function sensorPrivateKey(
  index: number
): import('node:crypto').KeyObject;
export declare function sensorPublicKey(index: number): Buffer;
export declare function sensorRecord(index: number): {
  id: string;
  kind: 'acoustic';
  publicKey: string;
  position: [number, number, number];
  operator: string;
};
export declare function observationPayload(j: number, sensors: number): Buffer;
export declare function dssePae(payloadType: string, payload: Buffer): Buffer;
export declare function envelopeJson(
  j: number,
  sensors: number,
  signature: Buffer
): string;
