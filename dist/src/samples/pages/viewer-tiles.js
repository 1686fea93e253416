// Shared by the zoom and product viewer pages: Image Serving's own deep-zoom tiles for OpenSeadragon, the record's
// zoom targets (req=targets) and the property text replies they read.
(function (global) {
  'use strict';

  function properties(text) {
    var values = {};
    text.split(/\r?\n/).forEach(function (line) {
      var eq = line.indexOf('=');
      if (eq > 0) { values[line.substring(0, eq)] = line.substring(eq + 1); }
    });
    return values;
  }

  function fetchText(url) {
    return fetch(url).then(function (r) {
      if (!r.ok) { throw new Error(url + ': HTTP ' + r.status); }
      return r.text();
    });
  }

  // The full size of an image, from req=imageprops.
  function imageSize(image) {
    return fetchText(image + '?req=imageprops').then(function (text) {
      var p = properties(text);
      return { width: Number(p['image.width']), height: Number(p['image.height']) };
    });
  }

  // Level L of N shows the image at 1/2^(N-L): scl=2^(N-L); a tile is rect= of that view, cut at the view's edge.
  function rectTileSource(image, width, height, tileSize) {
    var maxLevel = Math.ceil(Math.log2(Math.max(width, height)));
    return new OpenSeadragon.TileSource({
      width: width, height: height, tileSize: tileSize, tileOverlap: 0, minLevel: 0, maxLevel: maxLevel,
      getTileUrl: function (level, x, y) {
        var scale = Math.pow(2, maxLevel - level);
        var viewWidth = Math.round(width / scale), viewHeight = Math.round(height / scale);
        var left = x * tileSize, top = y * tileSize;
        var w = Math.max(1, Math.min(tileSize, viewWidth - left));
        var h = Math.max(1, Math.min(tileSize, viewHeight - top));
        return image + '?scl=' + scale + '&rect=' + [left, top, w, h].join(',') + '&fmt=jpeg&qlt=85';
      }
    });
  }

  // One button per zoom target of the record, framing its rectangle; resolves to the number of targets.
  function showTargets(viewer, image, width, box) {
    box.textContent = '';
    return fetchText(image + '?req=targets').then(function (text) {
      var values = properties(text), count = 0;
      for (var n = 1; values['target.' + n + '.rect']; n++) {
        var r = values['target.' + n + '.rect'].split(',').map(Number);
        var button = document.createElement('button');
        button.textContent = values['target.' + n + '.label'] || ('Target ' + n);
        button.onclick = (function (rect) {
          return function () {
            viewer.viewport.fitBounds(new OpenSeadragon.Rect(rect[0] / width, rect[1] / width, rect[2] / width,
                rect[3] / width));
          };
        })(r);
        box.appendChild(button);
        count++;
      }
      return count;
    });
  }

  global.ImageServingViewer = {
    properties: properties, fetchText: fetchText, imageSize: imageSize, rectTileSource: rectTileSource,
    showTargets: showTargets
  };
})(window);
