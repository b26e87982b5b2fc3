// Shows the times in the visitor's own zone: when the page was rendered without one, ask the browser once.
(() => {
  const picker = document.querySelector("[data-slot-picker]");
  if (!picker || picker.dataset.zoneGiven === "true") return;
  const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  if (!zone || zone === picker.dataset.zone) return;
  const url = new URL(window.location.href);
  url.searchParams.set("tz", zone);
  window.location.replace(url.toString());
})();
