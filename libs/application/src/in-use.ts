/** Names in use and by how many at once (e.g. the streams that batches in flight write). */
export class InUse {
  private readonly counts = new Map<string, number>();

  has(name: string): boolean {
    return this.counts.has(name);
  }

  take(names: Iterable<string>): void {
    for (const name of names) this.counts.set(name, (this.counts.get(name) ?? 0) + 1);
  }

  release(names: Iterable<string>): void {
    for (const name of names) {
      const left = (this.counts.get(name) ?? 1) - 1;
      if (left === 0) this.counts.delete(name);
      else this.counts.set(name, left);
    }
  }
}
