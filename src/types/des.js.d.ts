// des.js ships no types; this is the part of its API the core uses.
declare module 'des.js' {
  interface CipherOptions {
    type: 'encrypt' | 'decrypt';
    key: number[] | Uint8Array;
    iv?: number[] | Uint8Array;
    padding?: boolean;
  }
  interface Cipher {
    update(data: number[] | Uint8Array): number[];
    final(data?: number[] | Uint8Array): number[];
  }
  interface CipherFactory {
    create(options: CipherOptions): Cipher;
  }
  export const DES: CipherFactory;
  export const CBC: { instantiate(base: CipherFactory): CipherFactory };
}
