/**
 * A version receipt (docs/format.md, "Version receipt"): JSON that lets anyone check offline that a file is the
 * stored version, and that the log signed it. Binary values are standard base64, object hashes lowercase hex.
 */
export interface Receipt {
  readonly format: 'coffer-receipt/v1';
  readonly fileId: string;
  readonly versionId: string;
  readonly size: number;
  readonly storedSize: number;
  readonly salt: string;
  readonly commitment: string;
  readonly objects: { readonly hash: string; readonly size: number }[];
  readonly merkleRoot: string;
  readonly manifestHash: string;
  /** The key of the plaintext commitment; null in an auditor's receipt, who holds no key of the file. */
  readonly plaintextMacKey: string | null;
  readonly entry: { readonly index: number; readonly bytes: string };
  readonly inclusionProof: string[];
  readonly checkpoint: string;
  readonly logKey: string;
}
