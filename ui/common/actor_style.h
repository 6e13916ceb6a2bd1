#pragma once
// How the views colour and shade their actors: colours given as RGB 0–255 (the form the views'
// colour constants take, which the tests look for), and surfaces coloured by their data.
class vtkActor;
class vtkPolyDataMapper;
class vtkScalarsToColors;

namespace geodex {

void setColour(vtkActor* actor, const unsigned char rgb[3]);

// The shares of ambient and diffuse light in the actor's colour.
void setShading(vtkActor* actor, double ambient, double diffuse);

// The mapper colours its input by the point data's scalars through `colours`.
void colourByPointScalars(vtkPolyDataMapper* mapper, vtkScalarsToColors* colours);

}  // namespace geodex
