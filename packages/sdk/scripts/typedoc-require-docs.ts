/**
 * A TypeDoc plugin: the SDK's own documentation check, run by `npm run lint` (`typedoc --emit none`) and
 * by `npm run docs`. TypeDoc's `notDocumented` asks a comment of every property of every object type,
 * including the shapes inferred from zod schemas and the generated database types, which no one can
 * document member by member. This asks what STYLE.md asks: a comment on every export, on every public
 * member of an exported class or interface, and an `@example` on every exported function and public
 * method.
 */
import { type Application, type DeclarationReflection, type ProjectReflection, ReflectionKind } from 'typedoc';

const documented = ReflectionKind.Class | ReflectionKind.Interface | ReflectionKind.TypeAlias | ReflectionKind.Function | ReflectionKind.Variable | ReflectionKind.Enum;
const members = ReflectionKind.Method | ReflectionKind.Property | ReflectionKind.Accessor;

function hasComment(reflection: DeclarationReflection): boolean {
  if (reflection.hasComment()) return true;
  const signatures = [...(reflection.signatures ?? []), ...(reflection.getSignature ? [reflection.getSignature] : [])];
  return signatures.some((s) => s.hasComment());
}

function hasExample(reflection: DeclarationReflection): boolean {
  const comments = [reflection.comment, ...(reflection.signatures ?? []).map((s) => s.comment)];
  return comments.some((c) => c?.getTag('@example') !== undefined);
}

/** Where a reflection is declared, relative to the package, or undefined when outside its sources. */
function ownSource(project: ProjectReflection, reflection: DeclarationReflection): string | undefined {
  const id = project.getSymbolIdFromReflection(reflection) ?? (reflection.signatures?.[0] && project.getSymbolIdFromReflection(reflection.signatures[0]));
  if (!id || id.packageName !== project.packageName || !id.packagePath.startsWith('src/')) return undefined;
  return id.packagePath;
}

function check(project: ProjectReflection, warn: (message: string) => void): void {
  for (const reflection of project.getReflectionsByKind(documented | members) as DeclarationReflection[]) {
    const parent = reflection.parent;
    // With several entry points (index, staff) each one's exports sit in a module of the project.
    const exported = parent === project || (parent !== undefined && parent.parent === project && parent.kindOf(ReflectionKind.Module));
    const member = parent !== undefined && parent !== project && parent.kindOf(ReflectionKind.Class | ReflectionKind.Interface) && reflection.kindOf(members);
    if (!exported && !member) continue; // members of object types inferred from schemas or generated from the database
    // An override is described by the member it overrides, which is checked where it is declared.
    if (reflection.inheritedFrom || reflection.overwrites || reflection.flags.isPrivate || reflection.flags.isProtected) continue;
    const where = ownSource(project, reflection);
    if (!where) continue; // inherited from the platform (Error's message, stack...)
    const name = reflection.getFriendlyFullName();
    const kind = ReflectionKind.singularString(reflection.kind).toLowerCase();
    if (!hasComment(reflection)) warn(`${name} (${kind}, ${where}) has no TSDoc comment`);
    else if (reflection.kindOf(ReflectionKind.Function) || (member && reflection.kindOf(ReflectionKind.Method) && parent.kindOf(ReflectionKind.Class))) {
      if (!hasExample(reflection)) warn(`${name} (${kind}, ${where}) has no @example`);
    }
  }
}

/** TypeDoc's entry point for a plugin. */
export function load(app: Application): void {
  app.on('validateProject', (project: ProjectReflection) => check(project, (message) => app.logger.validationWarning(message)));
}
