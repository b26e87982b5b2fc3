// Offers the zone this device is set to, when it is not the one saved; the field works without it.
const input = document.querySelector("[data-zone-input]");
const offer = document.querySelector("[data-zone-guess]");
const guess = Intl.DateTimeFormat().resolvedOptions().timeZone;
if (input && offer && guess && guess !== input.value) {
  offer.querySelector("[data-zone-guess-name]").textContent = guess;
  offer.querySelector("[data-zone-guess-use]").addEventListener("click", () => {
    input.value = guess;
    input.focus();
  });
  offer.hidden = false;
}
