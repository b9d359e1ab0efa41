import type { DatabaseTarget } from '../db/database.ts';
import { consoleCall } from '../server/access/call.ts';
import { grantableBoardRoles, grantBoardRole, type GrantableBoardRole } from '../server/staff/grant-board-role.ts';
import { withBoard } from './with-board.ts';

const ROLE_LABELS: Record<GrantableBoardRole, [string, string]> = {
  director_general: ['direction générale', 'director general'],
  privacy_officer: ['responsable de la protection des renseignements personnels', 'privacy officer'],
};

const REFUSALS = {
  demo_present: [
    'Le conseil contient encore les données de démonstration : retirez-les d’abord avec `npx balise demo remove`.',
    'The board still holds the demonstration data: remove it first with `npx balise demo remove`.',
  ],
  not_staff: [
    'Ce courriel est celui d’un parent ou d’un élève, pas d’un membre du personnel.',
    'This e-mail address belongs to a guardian or a student, not to a staff member.',
  ],
  name_required: [
    'Personne n’a ce courriel : indiquez --given-name et --family-name pour ajouter ce membre du personnel.',
    'Nobody has this e-mail address: give --given-name and --family-name to add this staff member.',
  ],
  invalid_role: [`Rôle inconnu : choisissez ${grantableBoardRoles.join(' ou ')}.`, `Unknown role: choose ${grantableBoardRoles.join(' or ')}.`],
  invalid_email: ['Ce courriel n’est pas valide.', 'This e-mail address is not valid.'],
} as const;

const isGrantable = (role: string): role is GrantableBoardRole => (grantableBoardRoles as readonly string[]).includes(role);

/**
 * `balise staff grant <email> <role>`: gives a board's first leaders their role once the demo is
 * gone (ORG-2). Exit 0 when granted (or already held), 1 when refused, saying why.
 */
export async function staffGrantCommand(
  target: DatabaseTarget,
  args: { email: string; role: string; givenName?: string; familyName?: string },
  out: (line: string) => void,
): Promise<number> {
  const refuse = (reason: keyof typeof REFUSALS) => {
    out(`${REFUSALS[reason][0]} / ${REFUSALS[reason][1]}`);
    return 1;
  };
  const role = args.role;
  if (!isGrantable(role)) return refuse('invalid_role');
  if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(args.email.trim())) return refuse('invalid_email');
  return withBoard(target, out, async (ctx) => {
    const outcome = await grantBoardRole(ctx, consoleCall, { ...args, role });
    if (!outcome.ok) return refuse(outcome.reason);
    const [fr, en] = ROLE_LABELS[role];
    if (outcome.alreadyHeld) {
      out(`${args.email} a déjà le rôle ${fr}. / ${args.email} already holds the ${en} role.`);
      return 0;
    }
    out(`Rôle ${fr} donné à ${args.email}${outcome.createdPerson ? ' (nouveau membre du personnel)' : ''}. / ${en} role given to ${args.email}${outcome.createdPerson ? ' (new staff member)' : ''}.`);
    out(
      'Cette personne choisit son mot de passe avec « Mot de passe oublié ou première connexion ? » sur la page de connexion, ou se connecte par le fournisseur d’identité.' +
        ' / This person chooses a password with "Forgot your password or first sign-in?" on the sign-in page, or signs in with the identity provider.',
    );
    return 0;
  });
}
