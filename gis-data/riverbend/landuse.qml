<!DOCTYPE qgis PUBLIC 'http://mrcc.com/qgis.dtd' 'SYSTEM'>
<qgis version="3.28.0" styleCategories="AllStyleCategories">
  <pipe>
    <rasterrenderer type="paletted" band="1" opacity="1" alphaBand="-1" nodataColor="">
      <rasterTransparency/>
      <minMaxOrigin>
        <limits>None</limits>
        <extent>WholeRaster</extent>
        <statAccuracy>Estimated</statAccuracy>
        <cumulativeCutLower>0.02</cumulativeCutLower>
        <cumulativeCutUpper>0.98</cumulativeCutUpper>
        <stdDevFactor>2</stdDevFactor>
      </minMaxOrigin>
      <colorPalette>
        <paletteEntry value="1" color="#e8a33d" alpha="255" label="Residential"/>
        <paletteEntry value="2" color="#d64541" alpha="255" label="Commercial / services"/>
        <paletteEntry value="3" color="#8e44ad" alpha="255" label="Industrial"/>
        <paletteEntry value="4" color="#f3e07a" alpha="255" label="Agriculture"/>
        <paletteEntry value="5" color="#2e7d32" alpha="255" label="Forest"/>
        <paletteEntry value="6" color="#a5d66f" alpha="255" label="Grassland / natural"/>
        <paletteEntry value="7" color="#5fb3a9" alpha="255" label="Wetland"/>
        <paletteEntry value="8" color="#3b7dd8" alpha="255" label="Water"/>
        <paletteEntry value="9" color="#5d5d5d" alpha="255" label="Transport infrastructure"/>
        <paletteEntry value="10" color="#7fc97f" alpha="255" label="Park / urban green"/>
      </colorPalette>
      <colorramp type="randomcolors" name="[source]"/>
    </rasterrenderer>
    <brightnesscontrast brightness="0" contrast="0" gamma="1"/>
    <huesaturation saturation="0" colorizeOn="0" grayscaleMode="0" invertColors="0"/>
    <rasterresampler maxOversample="2"/>
    <resamplingStage>resamplingFilter</resamplingStage>
  </pipe>
  <blendMode>0</blendMode>
</qgis>
