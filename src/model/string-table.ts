/** Interned strings: each distinct string gets one index; index 0 is always "". */
export class StringTable {
  readonly strings: string[] = [''];
  private readonly index = new Map<string, number>([['', 0]]);

  intern(s: string): number {
    let i = this.index.get(s);
    if (i === undefined) {
      i = this.strings.length;
      this.strings.push(s);
      this.index.set(s, i);
    }
    return i;
  }

  /** Back to "" alone, in the same `strings` array (readers holding it see the change). */
  clear(): void {
    this.strings.length = 1;
    this.index.clear();
    this.index.set('', 0);
  }
}
