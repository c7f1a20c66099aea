/**
 * The intake's progress indicator: how many sections have every required answer filled in.
 * Purely a guide; the sections and their links work without it.
 */
export function trackSectionProgress(form: HTMLFormElement, progress: HTMLProgressElement, label: HTMLElement): void {
  const sections = [...form.querySelectorAll<HTMLFieldSetElement>('fieldset.form-section')];

  const isComplete = (section: HTMLFieldSetElement) =>
    [...section.querySelectorAll<HTMLInputElement>('[required]')].every((control) => {
      if (control.type === 'checkbox') return control.checked;
      if (control.type === 'radio') return Boolean(form.querySelector(`[name="${CSS.escape(control.name)}"]:checked`));
      return control.value.trim() !== '';
    });

  const update = () => {
    const complete = sections.filter(isComplete);
    progress.max = sections.length;
    progress.value = complete.length;
    label.textContent = `${complete.length} of ${sections.length} sections complete`;
    for (const section of sections) {
      const link = document.querySelector<HTMLAnchorElement>(`.section-nav a[href="#${section.id}"]`);
      link?.classList.toggle('is-complete', isComplete(section));
    }
  };

  form.addEventListener('input', update);
  form.addEventListener('change', update);
  progress.closest<HTMLElement>('.form-progress')!.hidden = false;
  update();
}
