// Discord's checks on what a bot sends: message, embed, component and autocomplete limits, allowed_mentions,
// and command registration. Each returns the error Discord would answer with, or null when it would accept.
import { AllowedMentionsTypes, ApplicationCommandType, RESTJSONErrorCodes } from 'discord.js';
import { apiError, invalidFormBody, lengthBetween, maxItems, maxLength, type FieldError, type RouteResult } from './apiErrors.js';
import type { RecordedFile } from './http.js';
import { arrayField, isObject, numberField, objectField, stringField, type JsonObject } from './json.js';
import { IS_COMPONENTS_V2, isEnumValue } from './protocol.js';

/** Discord's limits, as its API documentation gives them. */
export const LIMITS = {
  content: 2000,
  embedsPerMessage: 10,
  embedTitle: 256,
  embedDescription: 4096,
  embedFields: 25,
  embedFieldName: 256,
  embedFieldValue: 1024,
  embedFooterText: 2048,
  embedAuthorName: 256,
  /** Title, description, field names and values, footer text and author name of all embeds together. */
  embedsTotalText: 6000,
  actionRows: 5,
  componentsPerRow: 5,
  customId: 100,
  buttonLabel: 80,
  autocompleteChoices: 25,
  choiceName: 100,
  choiceValue: 100,
  allowedMentionIds: 100,
  commandOptions: 25,
  commandChoices: 25,
  commandDescription: 100,
  contextMenuName: 32,
} as const;

const COMMAND_NAME = /^[-_'\p{L}\p{N}\p{sc=Deva}\p{sc=Thai}]{1,32}$/u;
const MENTION_TYPES: readonly string[] = Object.values(AllowedMentionsTypes);

// ------------------------------------------------------------------ messages

function embedErrors(embed: JsonObject, index: number): FieldError[] {
  const at = (...rest: Array<string | number>) => ['embeds', index, ...rest];
  const fields = arrayField(embed, 'fields') ?? [];
  const errors = [
    ...maxLength(at('title'), embed.title, LIMITS.embedTitle),
    ...maxLength(at('description'), embed.description, LIMITS.embedDescription),
    ...maxLength(at('footer', 'text'), objectField(embed, 'footer')?.text, LIMITS.embedFooterText),
    ...maxLength(at('author', 'name'), objectField(embed, 'author')?.name, LIMITS.embedAuthorName),
    ...maxItems(at('fields'), fields, LIMITS.embedFields),
  ];
  fields.forEach((field, i) => {
    if (!isObject(field)) return;
    errors.push(
      ...maxLength(at('fields', i, 'name'), field.name, LIMITS.embedFieldName),
      ...maxLength(at('fields', i, 'value'), field.value, LIMITS.embedFieldValue),
    );
  });
  return errors;
}

/** The text Discord counts towards an embed's share of the 6000-character total. */
function embedTextLength(embed: JsonObject): number {
  const length = (value: unknown) => (typeof value === 'string' ? value.length : 0);
  const fields = (arrayField(embed, 'fields') ?? []).filter(isObject);
  return (
    length(embed.title) +
    length(embed.description) +
    length(objectField(embed, 'footer')?.text) +
    length(objectField(embed, 'author')?.name) +
    fields.reduce((sum, field) => sum + length(field.name) + length(field.value), 0)
  );
}

/** Action rows of buttons (the classic layout); Components V2 messages follow other rules, not checked here. */
function componentErrors(body: JsonObject): FieldError[] {
  const flags = numberField(body, 'flags') ?? 0;
  if ((flags & IS_COMPONENTS_V2) !== 0) return [];
  const rows = arrayField(body, 'components') ?? [];
  const errors: FieldError[] = maxItems(['components'], rows, LIMITS.actionRows);
  rows.forEach((row, r) => {
    const children = isObject(row) ? (arrayField(row, 'components') ?? []) : [];
    errors.push(...maxItems(['components', r, 'components'], children, LIMITS.componentsPerRow));
    children.forEach((child, c) => {
      if (!isObject(child)) return;
      const at = ['components', r, 'components', c];
      errors.push(
        ...maxLength([...at, 'custom_id'], child.custom_id, LIMITS.customId),
        ...maxLength([...at, 'label'], child.label, LIMITS.buttonLabel),
      );
    });
  });
  return errors;
}

/** Discord rejects unknown `parse` types, more than 100 ids, and `parse: ['users']` together with `users: [...]`. */
function allowedMentionsErrors(body: JsonObject): FieldError[] {
  const allowed = objectField(body, 'allowed_mentions');
  if (!allowed) return [];
  const errors: FieldError[] = [];
  const parse = arrayField(allowed, 'parse') ?? [];
  parse.forEach((type, i) => {
    if (typeof type === 'string' && MENTION_TYPES.includes(type)) return;
    errors.push({
      path: ['allowed_mentions', 'parse', i],
      code: 'ENUM_TYPE_COERCE',
      message: `Value "${String(type)}" is not a valid enum value.`,
    });
  });
  for (const key of [AllowedMentionsTypes.User, AllowedMentionsTypes.Role]) {
    const ids = arrayField(allowed, key) ?? [];
    errors.push(...maxItems(['allowed_mentions', key], ids, LIMITS.allowedMentionIds));
    if (ids.length > 0 && parse.includes(key)) {
      errors.push({
        path: ['allowed_mentions'],
        code: 'MESSAGE_ALLOWED_MENTIONS_PARSE_EXCLUSIVE',
        message: `parse:["${key}"] and ${key}: [ids] are mutually exclusive.`,
      });
    }
  }
  return errors;
}

function hasMessageContent(body: JsonObject, files: readonly RecordedFile[]): boolean {
  const nonEmpty = (key: string) => (arrayField(body, key)?.length ?? 0) > 0;
  const content = stringField(body, 'content');
  return (
    Boolean(content) || files.length > 0 || nonEmpty('embeds') || nonEmpty('components') || nonEmpty('sticker_ids') || isObject(body.poll)
  );
}

/** A new message (`isCreate`) must have something in it; an edit may leave everything as it was. */
export function validateMessageBody(body: JsonObject, files: readonly RecordedFile[], isCreate: boolean): RouteResult | null {
  if (isCreate && !hasMessageContent(body, files))
    return apiError(400, RESTJSONErrorCodes.CannotSendAnEmptyMessage, 'Cannot send an empty message');
  const embeds = (arrayField(body, 'embeds') ?? []).filter(isObject);
  const errors: FieldError[] = [
    ...maxLength(['content'], body.content, LIMITS.content),
    ...componentErrors(body),
    ...allowedMentionsErrors(body),
    ...maxItems(['embeds'], embeds, LIMITS.embedsPerMessage),
  ];
  embeds.forEach((embed, i) => errors.push(...embedErrors(embed, i)));
  if (embeds.reduce((sum, embed) => sum + embedTextLength(embed), 0) > LIMITS.embedsTotalText) {
    errors.push({
      path: ['embeds'],
      code: 'MAX_EMBED_SIZE_EXCEEDED',
      message: `Embed size exceeds maximum size of ${LIMITS.embedsTotalText}`,
    });
  }
  return errors.length > 0 ? invalidFormBody(errors) : null;
}

export function validateAutocompleteChoices(data: JsonObject): RouteResult | null {
  const choices = arrayField(data, 'choices') ?? [];
  const errors: FieldError[] = maxItems(['data', 'choices'], choices, LIMITS.autocompleteChoices);
  choices.forEach((choice, i) => {
    if (!isObject(choice)) return;
    errors.push(
      ...lengthBetween(['data', 'choices', i, 'name'], stringField(choice, 'name') ?? '', 1, LIMITS.choiceName),
      ...maxLength(['data', 'choices', i, 'value'], choice.value, LIMITS.choiceValue),
    );
  });
  return errors.length > 0 ? invalidFormBody(errors) : null;
}

// ------------------------------------------------------------------ commands (Discord rejects these at registration)

const invalidName = (path: FieldError['path']): FieldError => ({
  path,
  code: 'APPLICATION_COMMAND_INVALID_NAME',
  message: 'Command name is invalid',
});

function optionErrors(options: readonly unknown[], path: Array<string | number>): FieldError[] {
  const errors: FieldError[] = maxItems(path, options, LIMITS.commandOptions);
  let sawOptional = false;
  options.forEach((option, i) => {
    if (!isObject(option)) return;
    const at = [...path, i];
    const name = stringField(option, 'name') ?? '';
    if (!COMMAND_NAME.test(name) || name !== name.toLowerCase()) errors.push(invalidName([...at, 'name']));
    errors.push(...lengthBetween([...at, 'description'], stringField(option, 'description') ?? '', 1, LIMITS.commandDescription));
    if (option.required === true && sawOptional) {
      errors.push({
        path: [...at, 'required'],
        code: 'APPLICATION_COMMAND_OPTIONS_REQUIRED_INVALID',
        message: 'Required options must be placed before non-required options',
      });
    }
    if (option.required !== true) sawOptional = true;
    errors.push(...maxItems([...at, 'choices'], arrayField(option, 'choices') ?? [], LIMITS.commandChoices));
    const nested = arrayField(option, 'options');
    if (nested) errors.push(...optionErrors(nested, [...at, 'options']));
  });
  return errors;
}

/** Errors of the command at `index` of a bulk overwrite (paths start with the index). */
export function commandErrors(command: JsonObject, index: number): FieldError[] {
  const type = numberField(command, 'type');
  const name = stringField(command, 'name') ?? '';
  // Without a type, a command is a chat-input (slash) command.
  const isChatInput = type === undefined || (isEnumValue(ApplicationCommandType, type) && type === ApplicationCommandType.ChatInput);
  const errors: FieldError[] = [];
  const nameValid = isChatInput
    ? COMMAND_NAME.test(name) && name === name.toLowerCase()
    : name.length >= 1 && name.length <= LIMITS.contextMenuName;
  if (!nameValid) errors.push(invalidName([index, 'name']));
  if (isChatInput)
    errors.push(...lengthBetween([index, 'description'], stringField(command, 'description') ?? '', 1, LIMITS.commandDescription));
  errors.push(...optionErrors(arrayField(command, 'options') ?? [], [index, 'options']));
  return errors;
}
