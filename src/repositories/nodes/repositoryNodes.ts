/**
 * The Repositories view's nodes: ECR repositories at the top, their images below (tags, digest,
 * size, push time, scan status), newest push first. Editor-free like the explorer's nodes; the
 * generic EcsTreeDataProvider renders them and turns failures into error nodes.
 */
import type { EcrGateway, EcrImage, EcrRepository } from '../../aws/ecrGateway';
import type { RootLoader } from '../../explorer/loadChildren';
import type { ExplorerContext, ExplorerNode, NodeView } from '../../explorer/nodes/explorerNode';
import { code, formatAge, Icons, localTimeWithAge, md, tooltip } from '../../explorer/nodes/format';
import { MessageNode } from '../../explorer/nodes/messageNode';

/** The contextValues of this view (package.json menus match them; they belong in ContextValues). */
export const RepositoryContextValues = {
  repository: 'ecs.ecr.repository',
  image: 'ecs.ecr.image',
} as const;

import { REPOSITORIES_VIEW_ID } from '../repositoriesViewId';

export { REPOSITORIES_VIEW_ID };

/** What the Repositories view's nodes receive: the explorer's context plus the ECR gateway. */
export interface RepositoriesContext extends ExplorerContext {
  readonly ecr: EcrGateway;
}

export function asRepositoriesContext(ctx: ExplorerContext): RepositoriesContext {
  if (!('ecr' in ctx)) throw new Error('The Repositories view needs a context with an ECR gateway.');
  return ctx as RepositoriesContext;
}

/** "1.9 MB" (decimal units, as the ECR console shows sizes). */
export function formatSize(bytes: number | undefined): string | undefined {
  if (bytes === undefined) return undefined;
  const units = ['B', 'kB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit++;
  }
  return `${unit === 0 ? value : value.toFixed(value >= 100 ? 0 : 1)} ${units[unit]}`;
}

export function shortDigest(digest: string): string {
  return digest.replace(/^sha256:/, '').slice(0, 12);
}

function scanText(image: EcrImage): string | undefined {
  if (!image.scanStatus) return undefined;
  const counts = image.findingCounts;
  if (image.scanStatus !== 'COMPLETE' || !counts)
    return `scan ${image.scanStatus.toLowerCase().replace(/_/g, ' ')}`;
  const order = ['CRITICAL', 'HIGH', 'MEDIUM', 'LOW', 'INFORMATIONAL', 'UNDEFINED'];
  const found = order.filter((s) => (counts[s] ?? 0) > 0).map((s) => `${counts[s]} ${s.toLowerCase()}`);
  return found.length ? found.join(', ') : 'no findings';
}

export class RepositoryNode implements ExplorerNode {
  readonly parent = undefined;

  constructor(
    readonly ctx: RepositoriesContext,
    readonly repository: EcrRepository,
  ) {}

  get id(): string {
    return `${this.ctx.region}/ecr:${this.repository.name}`;
  }

  get arn(): string {
    return this.repository.arn;
  }

  /** What "Copy URI" copies. */
  get uri(): string {
    return this.repository.uri;
  }

  consoleUrl(): string {
    const { region } = this.ctx;
    return `https://${region}.console.aws.amazon.com/ecr/repositories/private/${this.repository.registryId ?? ''}/${this.repository.name}?region=${region}`;
  }

  async getChildren(signal?: AbortSignal): Promise<ExplorerNode[]> {
    const images = await this.ctx.ecr.listImages(this.repository.name, signal);
    if (images.length === 0) return [new MessageNode(this, 'info', 'No images yet: use "Push Image Here"')];
    return images.map((image) => new ImageNode(this, image));
  }

  view(): NodeView {
    const r = this.repository;
    return {
      label: r.name,
      description: r.uri,
      tooltip: tooltip(`ECR repository ${r.name}`, [
        ['URI', code(r.uri)],
        [
          'Tags',
          r.tagMutability === undefined ? undefined : md(r.tagMutability.toLowerCase().replace(/_/g, ' ')),
        ],
        ['Scan on push', r.scanOnPush ? 'yes' : 'no'],
        ['Encryption', md(r.encryptionType)],
        ['Created', localTimeWithAge(r.createdAt, this.ctx.now())],
      ]),
      icon: { id: 'package' },
      collapsible: 'collapsed',
      contextValue: RepositoryContextValues.repository,
    };
  }
}

export class ImageNode implements ExplorerNode {
  constructor(
    readonly parent: RepositoryNode,
    readonly image: EcrImage,
  ) {}

  get id(): string {
    return `${this.parent.id}/image:${this.image.digest}`;
  }

  /** `<repository uri>:<first tag>`, or `@digest` for an untagged image. */
  get uri(): string {
    const tag = this.image.tags[0];
    return tag ? `${this.parent.uri}:${tag}` : this.digestUri;
  }

  get digestUri(): string {
    return `${this.parent.uri}@${this.image.digest}`;
  }

  view(): NodeView {
    const i = this.image;
    const now = this.parent.ctx.now();
    const scan = scanText(i);
    const description = [
      shortDigest(i.digest),
      formatSize(i.sizeBytes),
      i.pushedAt ? formatAge(i.pushedAt.getTime(), now) : undefined,
      scan,
    ]
      .filter(Boolean)
      .join(' · ');
    const critical = (i.findingCounts?.CRITICAL ?? 0) + (i.findingCounts?.HIGH ?? 0) > 0;
    return {
      label: i.tags.length ? i.tags.join(', ') : '<untagged>',
      description,
      tooltip: tooltip(`Image ${i.tags[0] ?? shortDigest(i.digest)}`, [
        ['Digest', code(i.digest)],
        ['URI', code(this.uri)],
        ['Size', formatSize(i.sizeBytes)],
        ['Pushed', localTimeWithAge(i.pushedAt, now)],
        ['Scan', scan === undefined ? undefined : md(scan)],
      ]),
      icon: critical ? Icons.warning('tag') : { id: 'tag' },
      collapsible: 'none',
      contextValue: RepositoryContextValues.image,
    };
  }
}

/** The view's top level: every repository of the connection's registry. */
export const repositoriesRoot: RootLoader = {
  step: 'Listing ECR repositories',
  async list(ctx, signal) {
    const repositoriesCtx = asRepositoriesContext(ctx);
    const repositories = await repositoriesCtx.ecr.listRepositories(signal);
    return repositories.map((r) => new RepositoryNode(repositoriesCtx, r));
  },
};
