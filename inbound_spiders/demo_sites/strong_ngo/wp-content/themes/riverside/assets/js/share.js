/* Riverside theme: native share sheet where the browser supports it (Web Share API). */
(function () {
  if (!navigator.share) { return; }
  document.querySelectorAll('.share-native-button').forEach(function (button) {
    button.hidden = false;
    button.addEventListener('click', function () {
      navigator.share({ title: button.dataset.title, url: button.dataset.url }).catch(function () {});
    });
  });
})();
