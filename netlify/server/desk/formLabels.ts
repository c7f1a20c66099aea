/**
 * The labels and topic of a stored record or held post whose kind is only known at run time
 * (read from a key or a pointer). The desk only reads them, for the coach: what the client was
 * asked, and what the submission is about. The data was validated by that kind's schema when
 * stored (held posts were not: their unknown fields keep their own names wherever they are shown).
 */
import type { FieldMap } from '#src/forms/fields.ts';
import type { SubmissionKind } from '#src/forms/kinds.ts';
import type { Catalog } from '../catalog.ts';
import { FORM_HANDLERS } from '../submissions/forms/index.ts';

/** What the desk asks of any kind's handler; each handler only reads the fields it labels. */
interface Labels {
  fieldsFor(data: Readonly<Record<string, unknown>>, catalog: Catalog): FieldMap;
  topic(data: Readonly<Record<string, unknown>>, catalog: Catalog): string;
}

export function labelsOf(kind: SubmissionKind): Labels {
  // The four handlers are typed for their own answers; a kind read at run time picks one of them.
  return FORM_HANDLERS[kind] as unknown as Labels;
}
