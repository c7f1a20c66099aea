/**
 * The homework loop starts only for commitments stored from this moment on: those made before
 * it shipped were promised no reminders and get no surprise check-ins (decision 011). A
 * constant, not a setting: it says when this code first ran, which no deploy should move.
 */
export const LOOP_SINCE = new Date('2026-11-27T00:00:00.000Z');
