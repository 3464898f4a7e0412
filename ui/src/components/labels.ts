// Catalogue lookups for codes the API sends as plain strings (order status, side, reason codes):
// the translation when the catalogue has one, else the code itself.
import { catalogue, type MessageKey } from "../i18n";

export function labelOf(t: (key: MessageKey) => string, prefix: string, code: string | null | undefined): string {
  if (!code) return "-";
  const key = `${prefix}.${code}`;
  return key in catalogue ? t(key as MessageKey) : code;
}
