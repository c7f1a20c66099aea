/** The blob store of the coach's desk (the inbox index, and whatever else the desk keeps), apart from the submissions. */
export const DESK_STORE = 'desk';
