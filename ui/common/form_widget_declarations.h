#pragma once
// The Qt widgets the side panels and pages keep pointers to, declared once for their headers
// (the .cpp files include the widgets they build).
class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QGroupBox;
class QLabel;
class QLineEdit;
class QProgressBar;
class QPushButton;
class QSpinBox;
