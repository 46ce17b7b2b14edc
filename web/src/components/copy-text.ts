/** Puts text on the clipboard; fails outside secure pages, where the Clipboard API is missing. */
export async function copyText(text: string): Promise<void> {
  if (!navigator.clipboard) throw new Error("clipboard unavailable outside secure pages");
  await navigator.clipboard.writeText(text);
}
