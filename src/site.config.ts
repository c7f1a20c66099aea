/**
 * Everything a coach would change without touching code lives here.
 * Pages, feeds, emails and content defaults all read from this one object.
 */
export const SITE = {
  /** The practice's name, shown in the header, titles and emails. */
  name: 'Unstuck',
  /** One line under the name: who this is for. */
  tagline: 'Career and life coaching for people ready to move again',
  /** The coach's full name, used as the default author of posts. */
  coachName: 'Maya Ellison',
  /** A short line about the coach for the home page and footer. */
  coachBio:
    'Certified coach and former hiring manager. I help people untangle what they want and take the next real step toward it.',
  /** Public site address, used for canonical URLs, the sitemap and RSS. No trailing slash. */
  url: 'https://unstuck.example.com',
  /** The address shown on the site for questions. */
  contactEmail: 'hello@unstuck.example.com',
  /** Where a prospect books a first session (any scheduling tool). */
  bookingUrl: 'https://cal.example.com/unstuck/intro',
  /** The coach's time zone (IANA name), used for session times and homework deadlines. */
  timeZone: 'America/Chicago',
  /** When the coach's morning emails go out (24-hour HH:MM in `timeZone`): the note of held spam, the coming morning summary. */
  morningSummaryAt: '07:00',
  /** Language of the site, for the <html lang> attribute and feeds. */
  locale: 'en',
  /** Links shown in the footer. Remove a line to hide it. */
  social: [
    { label: 'LinkedIn', href: 'https://www.linkedin.com/in/example-coach' },
    { label: 'Instagram', href: 'https://www.instagram.com/example.coach' },
  ],
  /** How many months client submissions are kept before they are deleted. */
  retentionMonths: 24,
  /** Posts per page on the blog index. */
  postsPerPage: 10,
  /** Words read per minute, for a post's reading time. */
  wordsPerMinute: 220,
} as const;

export type SiteConfig = typeof SITE;
