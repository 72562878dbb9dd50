import { base64Encode } from '@truce/core';
export async function main(_argv: string[]): Promise<number> {
  console.log(base64Encode(new Uint8Array([1, 2, 3])));
  return 0;
}
