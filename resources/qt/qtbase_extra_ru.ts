<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<!-- Qt strings the app shows that Qt's own Russian catalogue (qtbase_ru.qm) leaves in English. -->
<TS version="2.1" language="ru">
  <context>
    <name>QAbstractFileIconProvider</name>
    <message>
      <source>Folder</source>
      <comment>All other platforms</comment>
      <translation>Папка</translation>
    </message>
    <message>
      <source>Drive</source>
      <translation>Диск</translation>
    </message>
  </context>
  <context>
    <name>QPrintSettingsOutput</name>
    <message>
      <source>Page &amp;Set:</source>
      <translation>&amp;Список страниц:</translation>
    </message>
  </context>
</TS>
