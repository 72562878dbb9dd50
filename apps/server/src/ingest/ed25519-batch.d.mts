export type VerifyItem = {
  publicKey: Uint8Array;
  message: Uint8Array;
  signature: Uint8Array;
};
export declare function packItems(items: readonly VerifyItem[]): Uint8Array;
export declare function verifyPacked(packed: Uint8Array): Uint8Array;
