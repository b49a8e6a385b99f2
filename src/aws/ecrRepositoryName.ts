/** ECR repository names: what CreateRepository accepts, and one made from a folder name. Pure. */

/** ECR's repository name grammar (CreateRepository): 2–256 characters. */
export const REPOSITORY_NAME_PATTERN = /^(?:[a-z0-9]+(?:[._-][a-z0-9]+)*\/)*[a-z0-9]+(?:[._-][a-z0-9]+)*$/;

/** Why a repository name is invalid, or undefined when ECR accepts it. */
export function repositoryNameProblem(name: string): string | undefined {
  if (name.length < 2 || name.length > 256) return 'A repository name is 2–256 characters long';
  if (!REPOSITORY_NAME_PATTERN.test(name)) {
    return 'A repository name uses lowercase letters, digits and single ".", "_", "-" or "/" between them';
  }
  return undefined;
}

/** A valid repository name from a folder name ("My App" → "my-app"), or undefined. */
export function repositoryNameFrom(folderName: string): string | undefined {
  const name = folderName
    .toLowerCase()
    .replace(/[^a-z0-9._/-]+/g, '-')
    .replace(/[._-]{2,}/g, '-')
    .replace(/\/{2,}/g, '/')
    .replace(/(^|\/)[._-]+/g, '$1')
    .replace(/[._-]+($|\/)/g, '$1')
    .replace(/^\/+|\/+$/g, '');
  const padded = name.length === 1 ? `${name}-app` : name.slice(0, 256);
  return repositoryNameProblem(padded) === undefined ? padded : undefined;
}
