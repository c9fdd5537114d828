// Types for moduleRules.js, which the service's pre-flight check applies to literal requires.
export interface ModulePolicy {
  enableNetworking: boolean;
  enableFileSystem: boolean;
  allowedModules: readonly string[] | null;
}
export declare function normalizeModuleName(request: string): { name: string; base: string | null };
export declare function decideModule(
  request: string,
  policy: ModulePolicy,
): { verdict: 'allow' | 'restricted' | 'unauthorized'; name: string; base: string | null };
