/**
 * What counts as a Dockerfile, in one place for every command that looks for one (build, build and
 * push, deploy, new task definition): `Dockerfile`, `Dockerfile.<anything>`, `<anything>.dockerfile`
 * and Podman's `Containerfile`, in any letter case. Editor-free.
 */

/** For workspace.findFiles. */
export const DOCKERFILE_GLOB = '**/{Dockerfile,Dockerfile.*,*.Dockerfile,*.dockerfile,Containerfile}';

/** Folders never searched for Dockerfiles or task definitions (dependencies and build output). */
export const EXCLUDE_GLOB = '**/{node_modules,.git,dist,out,build,target,vendor}/**';

export function isDockerfileName(name: string): boolean {
  return /^(dockerfile|containerfile)(\..+)?$|\.dockerfile$/i.test(name);
}
