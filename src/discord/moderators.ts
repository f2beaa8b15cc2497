// Who counts as a moderator: Manage Server (or Administrator), or one of MOD_ROLE_IDS.
import { PermissionFlagsBits, type Interaction } from 'discord.js';

export function isModerator(interaction: Interaction, modRoleIds: readonly string[]): boolean {
  if (!interaction.inGuild()) return false;
  if (interaction.memberPermissions.has(PermissionFlagsBits.ManageGuild)) return true;
  const roles = interaction.member.roles;
  const roleIds = Array.isArray(roles) ? roles : [...roles.cache.keys()];
  return roleIds.some((id) => modRoleIds.includes(id));
}
