"""Invented article texts for the story tests (no shared data)."""

NEPAL = """A powerful earthquake of magnitude 7.8 struck central Nepal on Saturday, killing more than 1,800
people in Kathmandu and surrounding districts, officials in Kathmandu said.

The quake flattened the historic Dharahara tower in Kathmandu and triggered avalanches on Mount Everest,
where at least 17 climbers died at base camp. Prime Minister Sushil Koirala declared an emergency.

India and China sent rescue teams to Nepal as aftershocks of magnitude 6.6 shook the Kathmandu valley.
The United Nations said hospitals in Kathmandu were overflowing and running out of room to store bodies.

Rescuers in Bhaktapur and Lalitpur dug through rubble with bare hands looking for survivors of the Nepal
earthquake. The Red Cross warned that villages near the epicentre in Gorkha district had not yet been reached."""

NEPAL_OTHER_OUTLET = """Rescue teams from India and China arrived in Kathmandu on Sunday as the death toll from Nepal's
magnitude 7.8 earthquake passed 2,000, with Gorkha district near the epicentre still cut off.

Survivors in Kathmandu slept in the open for a second night as aftershocks rattled the valley. The collapse of
the Dharahara tower killed dozens of visitors. On Mount Everest, avalanches buried parts of base camp and
climbers were evacuated by helicopter. Prime Minister Sushil Koirala appealed for international aid."""

ECUADOR = """A magnitude 7.8 earthquake hit Ecuador's Pacific coast on Saturday evening, killing at least 233 people
and destroying buildings in the port city of Guayaquil and in the towns of Manta and Pedernales, President Rafael
Correa said.

The quake, centred near Muisne in Esmeraldas province, was the strongest to strike Ecuador since 1979. Correa
cut short a trip to Rome and declared a state of emergency in six provinces. Mayor Gabriel Alcivar of Pedernales
said the town was devastated and that looters were roaming the streets.

Rescuers in Manta and Portoviejo searched collapsed hotels for survivors, while the Guayaquil airport
was closed after its control tower was damaged by the earthquake."""

SUMMIT_2018 = """President Donald Trump and North Korean leader Kim Jong Un met in Singapore on Tuesday at the Capella hotel on
Sentosa island, the first summit between a sitting US president and a North Korean leader.

Trump and Kim signed a joint statement in Singapore in which North Korea committed to work toward complete
denuclearization of the Korean peninsula, while the United States offered security guarantees. Trump said the
Singapore meeting was honest, direct and productive, and announced a halt to joint military exercises with South Korea."""

SUMMIT_2019 = """President Donald Trump and North Korean leader Kim Jong Un cut short their second summit in Hanoi on Thursday
after talks at the Metropole hotel collapsed over sanctions relief.

Trump said in Hanoi that Kim wanted all sanctions lifted in exchange for dismantling the Yongbyon nuclear complex,
a deal the United States would not accept. Secretary of State Mike Pompeo said the two sides made real progress in
Vietnam, but no joint statement was signed and a planned working lunch was cancelled."""

FURNITURE = "Advertisement\n\nShare this article: Facebook Twitter Email\n\n"
COPYRIGHT = (
    "\n\nCopyright 2015 The Wire Service. All rights reserved. This material may not be redistributed."
)
