// The sandbox's IAM stand-in: which roles exist. A NodeClass naming a role that does not exist
// never becomes Ready and no node launches for it, as in a real account.
export class Iam {
  private readonly roles = new Set(['AmazonEKSAutoNodeRole', 'AmazonEKSAutoClusterRole']);

  hasRole(name: string): boolean {
    return this.roles.has(name);
  }

  createRole(name: string) {
    this.roles.add(name);
  }

  list(): string[] {
    return [...this.roles].sort();
  }
}
